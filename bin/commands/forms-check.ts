import { relative } from 'node:path';
import { checkForm } from '../../shared/forms/load-form';
import { formsDir, readFormFile, readFormsIn, siblingsById } from '../form-files';
import type { Command } from './command';

/**
 * `forms check <file…>`: checks each form file (all of `forms/` when none is named) and
 * prints every issue with its JSON path. References (`use`) resolve against the files
 * beside each checked file and the shipped forms.
 */
export const formsCheck: Command = {
  name: 'forms check',
  usage: 'forms check [<file.json>…]   检查表单定义文件（不指定文件时检查 forms/ 下全部表单）',
  async run(args, io) {
    const files = args.length > 0 ? await Promise.all(args.map(readFormFile)) : await readFormsIn(formsDir);
    const byId = await siblingsById(files.map((f) => f.path));
    let invalid = 0;
    for (const file of files) {
      const shown = relative(process.cwd(), file.path) || file.name;
      if (file.error !== undefined) {
        invalid++;
        io.out(`✗ ${shown}\n    ${file.error}`);
        continue;
      }
      const result = checkForm(file.definition, { lookup: (id) => byId.get(id) });
      if (result.ok) {
        io.out(`✓ ${shown}  ${result.form.id} v${result.form.version}「${result.form.title}」`);
        continue;
      }
      invalid++;
      io.out(`✗ ${shown}  ${result.issues.length} 个问题`);
      for (const issue of result.issues) io.out(`    ${issue.path}  ${issue.message}`);
    }
    io.out(
      invalid === 0 ? `全部 ${files.length} 个表单有效。` : `${invalid} / ${files.length} 个表单有问题。`,
    );
    return invalid === 0 ? 0 : 1;
  },
};
