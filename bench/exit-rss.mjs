// Preloaded into a measured process (`node --import ./bench/exit-rss.mjs …`): writes its peak RSS in bytes
// to fd 3 at exit, so the figure is the process's own and the measured output stays untouched.
import fs from 'node:fs';

process.on('exit', () => {
  try {
    fs.writeSync(3, `${process.resourceUsage().maxRSS * 1024}\n`);
  } catch {
    // no fd 3: not run by the benchmark
  }
});
