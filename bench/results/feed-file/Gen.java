import io.concurrengine.model.market.*;
import io.concurrengine.tools.feed.MarketFeedFile;
import java.io.*;
import java.nio.file.*;

public class Gen {
    public static void main(String[] a) throws Exception {
        long n = Long.parseLong(a[1]);
        SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig().seed(42).instrumentCount(4096)
            .zipfExponent(1.1).ticksPerSecond(1_000_000).inputsPerSecond(1_000_000.0).bandWidth(1024).timeInForce(30, 100, 5_000));
        MarketInput in = new MarketInput();
        StringBuilder sb = new StringBuilder(1 << 20);
        try (Writer w = Files.newBufferedWriter(Path.of(a[0]))) {
            for (long i = 0; i < n; i++) {
                flow.next(in);
                MarketFeedFile.appendLine(in, sb).append('\n');
                if (sb.length() > (1 << 20) - 200) { w.append(sb); sb.setLength(0); }
            }
            w.append(sb);
        }
    }
}
