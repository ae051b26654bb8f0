import io.concurrengine.journal.*;
import io.concurrengine.model.market.*;
import java.nio.file.*;
import java.util.concurrent.TimeUnit;
import java.lang.management.*;

public final class JH {
    static java.lang.reflect.Field copyField() throws Exception { var f = Class.forName("io.concurrengine.journal.ChronicleJournalWriter").getDeclaredField("COPY_NANOS"); f.setAccessible(true); return f; }
    static long[] faults() throws Exception {
        String s = new String(Files.readAllBytes(Paths.get("/proc/thread-self/stat")));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[] { Long.parseLong(f[7]), Long.parseLong(f[9]) }; // minflt, majflt
    }
    public static void main(String[] a) throws Exception {
        final int n = 1 << 20;
        long[] T = new long[n], TG = new long[n], A0 = new long[n], A1 = new long[n], A2 = new long[n], A3 = new long[n]; int[] TY = new int[n];
        SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig()
            .seed(42).instrumentCount(4096).zipfExponent(1.1).ticksPerSecond(1_000_000).inputsPerSecond(1_000_000)
            .bandWidth(1024).timeInForce(30, 100, 5_000));
        MarketInput in = new MarketInput();
        for (int i = 0; i < n; i++) { flow.next(in); T[i] = in.feedTime(); TY[i] = in.type(); TG[i] = in.target(); A0[i] = in.a0(); A1[i] = in.a1(); A2[i] = in.a2(); A3[i] = in.a3(); }
        final long lap = T[n - 1] + 1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long events = Long.parseLong(a[0]);
        for (int round = 0; round < Integer.parseInt(a[1]); round++) {
            Path dir = Files.createTempDirectory(Paths.get(a[2]), "jh");
            JournalWriter w = JournalWriter.open(JournalConfig.builder(dir.resolve("shard-0")).rollCycle(JournalRollCycle.HOURLY).writeBehindBytes(Long.getLong("wb", 4L << 20)).pretouchWritableBytes(Long.getLong("pw", 1L << 20)).build(),
                new JournalHeader("bench", "market-v1", 1, 0, 1, TimeUnit.MICROSECONDS, 0, 42));
            long[] f0 = faults(); long c0 = mx.getCurrentThreadCpuTime(); long t0 = System.nanoTime();
            for (long e = 0; e < events; e++) {
                int i = (int)(e & (n - 1));
                w.appendInputAndDispatch(T[i] + (e >>> 20) * lap, e, TY[i], TG[i], A0[i], A1[i], A2[i], A3[i], false);
            }
            long t1 = System.nanoTime(); System.out.printf("copy %.1f ns/event; ", copyField().getLong(null) / (double)events); copyField().setLong(null, 0); long c1 = mx.getCurrentThreadCpuTime(); long[] f1 = faults();
            long bytes = w.bytesWritten();
            if (Boolean.getBoolean("maps")) for (String l : Files.readAllLines(Paths.get("/proc/self/maps"))) if (l.contains(".cq4")) System.out.println("MAP " + l);
            w.close();
            System.out.printf("round %d: %.1f ns/event wall, %.1f ns/event cpu, %.2f B/event, writer minflt %d (%.1f per MiB) majflt %d%n",
                round, (t1 - t0) / (double)events, (c1 - c0) / (double)events, bytes / (double)events, f1[0] - f0[0], (f1[0] - f0[0]) / (bytes / 1048576.0), f1[1] - f0[1]);
            try (var st = Files.walk(dir)) { st.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        }
    }
}
