/**
 * A promise opened from outside: holds a run or a query open while a test makes other calls.
 *
 * @example
 * const held = gate();
 * const first = runner.add(1); // its run awaits held.opened
 * const second = runner.add(2); // arrives during that run
 * held.open();
 */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
