import io.concurrengine.journal.*;
import java.nio.file.*;
import java.util.concurrent.TimeUnit;
public class H {
  public static void main(String[] a) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "hp");
    JournalWriter w = JournalWriter.open(JournalConfig.builder(dir.resolve("shard-0")).rollCycle(JournalRollCycle.HOURLY).build(),
        new JournalHeader("bench", "market-v1", 1, 0, 1, TimeUnit.MICROSECONDS, 0, 42));
    long n = Long.parseLong(a[0]);
    long t0 = System.nanoTime();
    for (long i = 0; i < n; i++) {
      w.appendInputAndDispatch(i, i, 1, i & 1023, i, 2, 3, 4, false);
      if ((i & ((1 << 22) - 1)) == 0) Thread.sleep(1);
    }
    long t1 = System.nanoTime();
    System.out.printf("%.1f ns/event%n", (t1 - t0) / (double) n);
    Thread.sleep(200);
    for (String l : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (l.contains(".cq4") && !l.contains("cq4t")) System.out.println(l);
      if (l.startsWith("FilePmdMapped") && !l.endsWith(" 0 kB")) System.out.println("   " + l);
    }
    for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) if (l.startsWith("FileHugePages") || l.startsWith("FilePmdMapped")) System.out.println(l);
    w.close();
  }
}
