/** Whether `root` is the project's Kite simulator (`GET /sim` names it); false for Kite or no answer. */
export async function simulatorAt(root: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/sim', root), { signal: AbortSignal.timeout(2_000) });
    return res.headers.get('x-kite-simulator') !== null;
  } catch {
    return false;
  }
}
