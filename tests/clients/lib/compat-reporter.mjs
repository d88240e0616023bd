// A node:test reporter that turns a run into compatibility rows. Every top-level suite is named
// "<client>@<version> over <transport>"; its row is "pass" when all of its tests passed, and lists the
// tests that failed (with the first line of their error) otherwise. The output is one JSON document.
const suiteName = /^(.+)@([^@\s]+) over (.+)$/;

function firstLine(error) {
  const cause = error?.cause ?? error;
  const text = String(cause?.message ?? cause ?? '');
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

export default async function* compatReporter(source) {
  const rows = [];
  const pending = new Map(); // file -> {passed, failed: [...]}, for tests whose suite has not ended yet
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, file, details, skip, todo } = event.data;
    const key = file ?? '';
    if (!pending.has(key)) pending.set(key, { passed: 0, failed: [] });
    const acc = pending.get(key);
    if (nesting > 0) {
      // Only leaves count as checks; a nested describe reports its children already.
      if (details?.type === 'suite') continue;
      if (skip || todo) counts.skipped++;
      else if (event.type === 'test:pass') {
        acc.passed++;
        counts.passed++;
      } else {
        acc.failed.push(`${name}: ${firstLine(details?.error)}`);
        counts.failed++;
      }
      continue;
    }
    const match = suiteName.exec(name);
    if (details?.type !== 'suite' || !match) {
      // A top-level test outside the naming scheme: count it, report it as its own row.
      if (event.type === 'test:pass') counts.passed++;
      else counts.failed++;
    }
    rows.push({
      client: match ? match[1] : name,
      version: match ? match[2] : '',
      transport: match ? match[3] : '',
      result: event.type === 'test:pass' ? 'pass' : 'fail',
      checks: acc.passed + acc.failed.length,
      failures: event.type === 'test:fail' && acc.failed.length === 0 ? [firstLine(details?.error)] : acc.failed,
      durationMs: Math.round(details?.duration_ms ?? 0),
      file: key,
    });
    pending.set(key, { passed: 0, failed: [] });
  }
  yield `${JSON.stringify({ rows, counts }, null, 2)}\n`;
}
