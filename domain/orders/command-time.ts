/** Whether a command's time is an ISO-8601 UTC instant (the domain never reads a clock; it is given one). */
export function isUtcInstant(at: unknown): at is string {
  return typeof at === 'string' && at.endsWith('Z') && !Number.isNaN(Date.parse(at));
}
