import type { CompiledForm } from '../../../shared/forms/compiled-form';
import { checkForm } from '../../../shared/forms/load-form';

/** A form with every field type, conditions, units, help and a scored yes/no veto. */
export const everyTypeDefinition = {
  id: 'every-type',
  version: 3,
  title: '全部字段类型 <script>alert("title")</script>',
  description: '测试表单',
  scoring: {
    grades: [
      { key: 'good', label: '达标', minPoints: 5 },
      { key: 'bad', label: '不达标', minPoints: 0 },
    ],
    standardized: { minPoints: 5 },
    vetoGrade: 'bad',
  },
  sections: [
    {
      key: 'basics',
      title: '基本情况',
      fields: [
        {
          type: 'text',
          key: 'name',
          label: '名称 <script>alert(1)</script>',
          help: '规范名称',
          required: true,
          maxLength: 30,
        },
        { type: 'textarea', key: 'notes', label: '备注', maxLength: 200 },
        { type: 'integer', key: 'elders', label: '老年人数', unit: '人', min: 0, required: true },
        {
          type: 'integer',
          key: 'members',
          label: '会员人数',
          unit: '人',
          min: 0,
          constraints: [{ expr: 'members <= elders', message: '会员人数不能超过老年人数' }],
        },
        { type: 'decimal', key: 'area', label: '面积', unit: 'm²', min: 0 },
        {
          type: 'calculated',
          key: 'rate',
          label: '入会率',
          expr: 'members / elders',
          format: 'percent',
          decimals: 4,
        },
        {
          type: 'yesNo',
          key: 'hasCharter',
          label: '★有章程',
          required: true,
          score: { byChoice: { yes: 6, no: 0 } },
          veto: true,
        },
        {
          type: 'single',
          key: 'status',
          label: '登记状态',
          required: true,
          options: [
            { value: 'registered', label: '已登记' },
            { value: 'none', label: '未登记' },
          ],
        },
        {
          type: 'text',
          key: 'regNo',
          label: '登记证号',
          visibleIf: "status == 'registered'",
          required: true,
        },
        {
          type: 'multiple',
          key: 'rules',
          label: '制度',
          options: [
            { value: 'meeting', label: '例会' },
            { value: 'finance', label: '财务' },
          ],
        },
        { type: 'date', key: 'foundedOn', label: '成立时间', min: '1990-01-01' },
        { type: 'mobile', key: 'phone', label: '联系电话', requiredIf: 'hasCharter' },
      ],
    },
    {
      key: 'team',
      title: '班子',
      visibleIf: 'hasCharter',
      fields: [
        {
          type: 'repeat',
          key: 'leaders',
          label: '班子成员',
          rowLabel: '成员',
          maxRows: 3,
          fields: [
            { type: 'text', key: 'leaderName', label: '姓名', required: true },
            { type: 'yesNo', key: 'isHead', label: '是否会长' },
            { type: 'mobile', key: 'leaderPhone', label: '电话', visibleIf: 'isHead' },
            { type: 'attachment', key: 'photo', label: '照片', accept: ['image/jpeg'], maxFiles: 1 },
          ],
        },
        { type: 'attachment', key: 'evidence', label: '佐证材料', accept: ['image/png', 'application/pdf'] },
      ],
    },
  ],
};

export function compile(raw: unknown): CompiledForm {
  const result = checkForm(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.form;
}

export const everyType = compile(everyTypeDefinition);
