export { planLoadWorkflow } from './plan-load';
export { itemYearWorkflow } from './item-year/workflow';
export { fiscalYearStartWorkflow } from './fiscal-year-start';
export { reportWorkflow } from './report/workflow';
