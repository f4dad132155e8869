import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

// Loaded into a replica with `--import` (NODE_OPTIONS refuses --cpu-prof): profiles the whole process and
// writes the profile when it exits cleanly. The main-thread inspector answers synchronously, so 'exit' can write.
const dir = process.env['BENCH_CPU_PROF_DIR'];
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `replica-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
