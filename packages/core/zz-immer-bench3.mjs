import { Immer } from 'immer';
const im = new Immer({ autoFreeze: false });
const B = 1024;
const h = (s) => { let x = 0; for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) | 0; return (x >>> 0) % B; };
for (const n of [10_000, 100_000]) {
  let state = { cases: {} };
  for (let i = 0; i < n; i++) { const id = 'c' + i; (state.cases[h(id)] ??= {})[id] = { stage: 'x', unit: 'u', n: i, list: [1,2] }; }
  let t = performance.now();
  for (let b = 0; b < 20; b++) {
    const d = im.createDraft(state);
    for (let k = 0; k < 500; k++) { const id = 'c' + ((b * 7919 + k * 104729) % n); d.cases[h(id)][id].n += 1; }
    state = im.finishDraft(d);
  }
  console.log('sharded', n, 'ms per batch', ((performance.now() - t) / 20).toFixed(2));
  // flat, only one modification per batch
  let flat = { cases: {} };
  for (let i = 0; i < n; i++) flat.cases['c' + i] = { stage: 'x', unit: 'u', n: i, list: [1,2] };
  t = performance.now();
  for (let b = 0; b < 20; b++) { const d = im.createDraft(flat); d.cases['c1'].n += 1; flat = im.finishDraft(d); }
  console.log('flat 1 change', n, 'ms per batch', ((performance.now() - t) / 20).toFixed(2));
  t = performance.now();
  for (let b = 0; b < 20; b++) { const c = { ...flat.cases }; c['c1'] = { ...c['c1'], n: 1 }; flat = { cases: c }; }
  console.log('plain copy', n, 'ms per batch', ((performance.now() - t) / 20).toFixed(2));
}
