/** A small line diff (LCS) for the wizard's file preview: enough for config files of a few hundred lines. */

export interface DiffLine {
  kind: 'same' | 'add' | 'del';
  text: string;
  /** Line number in the old file (same/del) and in the new file (same/add). */
  oldNo: number | null;
  newNo: number | null;
}

export function lineDiff(before: string | null, after: string): DiffLine[] {
  const a = before === null || before === '' ? [] : before.replace(/\r\n/g, '\n').split('\n');
  const b = after.replace(/\r\n/g, '\n').split('\n');
  if (a.length > 0 && a[a.length - 1] === '') a.pop();
  if (b.length > 0 && b[b.length - 1] === '') b.pop();
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i]!;
    const next = lcs[i + 1]!;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? next[j + 1]! + 1 : Math.max(next[j]!, row[j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]!, oldNo: i + 1, newNo: j + 1 });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: 'del', text: a[i]!, oldNo: i + 1, newNo: null });
      i++;
    } else {
      out.push({ kind: 'add', text: b[j]!, oldNo: null, newNo: j + 1 });
      j++;
    }
  }
  for (; i < n; i++) out.push({ kind: 'del', text: a[i]!, oldNo: i + 1, newNo: null });
  for (; j < m; j++) out.push({ kind: 'add', text: b[j]!, oldNo: null, newNo: j + 1 });
  return out;
}

export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}
