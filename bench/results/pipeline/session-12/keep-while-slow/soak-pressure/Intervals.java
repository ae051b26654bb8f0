import org.HdrHistogram.*;
import java.io.File;

/** Per-window P99/P99.9/max (ms) of an .hlog: usage Intervals LOG WINDOW_SECONDS */
public class Intervals {
    public static void main(String[] args) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(new File(args[0]));
        double window = Double.parseDouble(args[1]);
        Histogram acc = null; double start = -1, end = 0;
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            Histogram x = (Histogram) h;
            double t = x.getStartTimeStamp() / 1000.0;
            if (start < 0) start = t;
            if (acc == null) acc = new Histogram(x.getNumberOfSignificantValueDigits());
            acc.add(x); end = x.getEndTimeStamp() / 1000.0;
            if (end - start >= window) { print(acc, start); acc = null; start = -1; }
        }
        if (acc != null) print(acc, start);
    }
    static long t0 = -1;
    static void print(Histogram a, double start) {
        if (t0 < 0) t0 = (long) start;
        System.out.printf("%6.0f s  count %,12d  P50 %7.3f  P99 %7.3f  P99.9 %7.3f  max %8.3f ms%n", start - t0, a.getTotalCount(),
            a.getValueAtPercentile(50) / 1e6, a.getValueAtPercentile(99) / 1e6, a.getValueAtPercentile(99.9) / 1e6, a.getMaxValue() / 1e6);
    }
}
