export { planLoadWorkflow } from './plan-load/workflow';
export { itemYearWorkflow } from './item-year/workflow';
export { fiscalYearStartWorkflow } from './fiscal-year-start/workflow';
export { reportWorkflow } from './report/workflow';
export { planImportWorkflow } from './plan-import/workflow';
export { planApprovalWorkflow } from './plan-approval/workflow';
