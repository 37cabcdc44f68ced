/** Configuration comes from the environment; a missing value fails loudly at start, not mid-request. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
