import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.lang.reflect.Field;
import sun.misc.Unsafe;

public final class JC {
    static final long SZ = 256L << 20;
    static Unsafe U;
    static long addr;
    static volatile long sink;
    static void popw() { int r = net.openhft.posix.PosixAPI.posix().madvise(addr, SZ, 23); if (r != 0) throw new RuntimeException("madvise " + r); }
    static void readAll() { long x = 0; for (long o = 0; o < SZ; o += 4096) x += U.getLongVolatile(null, addr + o); sink = x; }
    static double copy(byte[] blk, boolean loop) {
        long t = System.nanoTime();
        for (long o = 0; o < SZ; o += blk.length) {
            if (loop) { for (int i = 0; i < blk.length; i += 16) { U.putLong(null, addr + o + i, U.getLong(blk, (long)Unsafe.ARRAY_BYTE_BASE_OFFSET + i)); U.putLong(null, addr + o + i + 8, U.getLong(blk, (long)Unsafe.ARRAY_BYTE_BASE_OFFSET + i + 8)); } }
            else U.copyMemory(blk, Unsafe.ARRAY_BYTE_BASE_OFFSET, null, addr + o, blk.length);
        }
        return (System.nanoTime() - t) / (double)(SZ / 4096);
    }
    public static void main(String[] a) throws Exception {
        Field f = Unsafe.class.getDeclaredField("theUnsafe"); f.setAccessible(true); U = (Unsafe)f.get(null);
        byte[] blk = new byte[65536]; java.util.Arrays.fill(blk, (byte)7);
        boolean loop = a[1].equals("loop");
        for (int round = 0; round < 4; round++) {
            java.io.File file = new java.io.File(a[2]); file.delete();
            try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
                raf.setLength(SZ);
                MappedByteBuffer mb = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, SZ);
                addr = ((sun.nio.ch.DirectBuffer)mb).address();
                long t = System.nanoTime();
                Thread th = null;
                switch (a[0]) {
                    case "none": break;
                    case "popother": th = new Thread(JC::popw); break;
                    case "popread": th = new Thread(() -> { popw(); readAll(); }); break;
                }
                if (th != null) { th.start(); th.join(); }
                double prep = (System.nanoTime() - t) / (double)(SZ / 4096);
                double c1 = copy(blk, loop), c2 = copy(blk, loop);
                System.out.printf("%s %s round %d: prep %.0f ns/page, first copy %.0f ns/page, second %.0f ns/page%n", a[0], a[1], round, prep, c1, c2);
            }
            file.delete();
        }
    }
}
