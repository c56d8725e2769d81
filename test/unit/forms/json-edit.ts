/** Small JSON editing helpers for building broken variants of a valid form in tests. */

export type JsonPath = readonly (string | number)[];
export type Edit =
  | { set: JsonPath; value: unknown }
  | { remove: JsonPath }
  | { push: JsonPath; value: unknown };

function container(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) throw new Error(`no container at ${path.join('.')}`);
    const next: unknown = Reflect.get(node, segment);
    node = next;
  }
  return node;
}

/** Applies edits to a deep copy of `form` and returns the copy. */
export function edit(form: unknown, edits: readonly Edit[]): unknown {
  const copy: unknown = structuredClone(form);
  for (const change of edits) {
    const path = 'set' in change ? change.set : 'remove' in change ? change.remove : change.push;
    if ('push' in change) {
      const list = container(copy, path);
      if (!Array.isArray(list)) throw new Error(`not a list at ${path.join('.')}`);
      list.push(change.value);
      continue;
    }
    const parent = container(copy, path.slice(0, -1));
    const last = path[path.length - 1];
    if (typeof parent !== 'object' || parent === null || last === undefined) throw new Error('bad edit path');
    if ('set' in change) Reflect.set(parent, last, change.value);
    else if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else Reflect.deleteProperty(parent, last);
  }
  return copy;
}

/**
 * A small valid form touching every check: field 0 population, 1 members, 2 charter
 * (scored veto), 3 status (scored single), 4 kinds, 5 name, 6 people (repeat), 7 rate.
 */
export function demoForm() {
  return {
    id: 'demo',
    version: 1,
    title: '示例表',
    description: '测试用表单',
    scoring: {
      grades: [
        { key: 'pass', label: '达标', minPoints: 8 },
        { key: 'fail', label: '不达标', minPoints: 0 },
      ],
      standardized: { minPoints: 8 },
      vetoGrade: 'fail',
    },
    sections: [
      {
        key: 's1',
        title: '第一部分',
        fields: [
          { type: 'integer', key: 'population', label: '人数', min: 0 },
          { type: 'integer', key: 'members', label: '会员', min: 0 },
          {
            type: 'yesNo',
            key: 'charter',
            label: '章程',
            score: { byChoice: { yes: 5, no: 0 } },
            veto: true,
          },
          {
            type: 'single',
            key: 'status',
            label: '状态',
            options: [
              { value: 'a', label: '甲' },
              { value: 'b', label: '乙' },
            ],
            score: { byChoice: { a: 5, b: 0 } },
          },
          {
            type: 'multiple',
            key: 'kinds',
            label: '类型',
            options: [
              { value: 'x', label: '甲类' },
              { value: 'y', label: '乙类' },
              { value: 'z', label: '丙类' },
            ],
          },
          { type: 'text', key: 'name', label: '名称' },
          {
            type: 'repeat',
            key: 'people',
            label: '人员',
            fields: [{ type: 'text', key: 'personName', label: '姓名' }],
          },
          { type: 'calculated', key: 'rate', label: '比率', expr: 'members / population', format: 'percent' },
        ],
      },
    ],
  };
}
