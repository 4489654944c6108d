/** An amount as the screens show it (`$1,234.56`, `-$12.00`) → integer cents; anything else fails the test. */
export function shownCents(text: string): number {
  const match = /^(-)?\$([\d,]+)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`Not an amount: ${JSON.stringify(text)}`);
  return (match[1] ? -1 : 1) * (Number(match[2]?.replaceAll(',', '')) * 100 + Number(match[3]));
}
