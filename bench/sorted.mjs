// Lookups in arrays of rows sorted by their first element (shared by the bench scripts that map a
// position — a code address, a line number — to the range that contains it).

/** The last row whose first element is ≤ `key` (rows sorted ascending by it), else undefined. */
export function lastAtOrBelow(rows, key) {
  let lo = 0;
  let hi = rows.length - 1;
  let found;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid][0] <= key) {
      found = rows[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
