/** The admin reminder form (/admin/reminders) as its page sends it: the default policy with a given late-start grace. */
export function reminderForm(lateStartGraceDays: string): Record<string, string> {
  return {
    beforeDays: '7, 1',
    onDueDay: 'on',
    overdueEveryDays: '3',
    overdueCapDays: '60',
    escalateUnitHead: '7',
    escalatePalad: '14',
    sendAtHour: '9',
    shiftToWorkingDays: 'on',
    lateStartGraceDays,
  };
}
