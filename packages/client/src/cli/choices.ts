/**
 * A commander `.choices` list checked against the API's type `T` in both directions: every entry must be
 * a `T`, and every `T` must be listed, so the CLI's list cannot drift from the API's enum.
 *
 * @example
 * const PRIORITIES = choices<RouterInputs['assistance']['file']['priority']>()(['urgent']);
 * // error: { missing: 'normal' }; an entry the API lacks is an error too
 */
export const choices =
  <T extends string>() =>
  <const L extends readonly T[]>(
    list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L =>
    list;
