package io.concurrengine.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The journals of each format version in {@code src/test/resources/io/concurrengine/journal/golden/}, each older one
 * written by the last release that wrote its version, the current one by a release that writes it (README.md there
 * says how; make-fixtures.sh remakes them). Each zip holds a
 * run's journal directory, {@code journal/}: its run.toml and the directories {@code shard-0} and {@code shard-1}.
 */
final class GoldenJournals
{
    private GoldenJournals()
    {
    }

    /**
     * @param version format version.
     * @param into    an empty directory.
     * @return the run's journal directory, {@code into/journal}.
     */
    static Path unpack(final int version, final Path into)
    {
        final String name = "golden/journal-v" + version + ".zip";
        try (InputStream zip = GoldenJournals.class.getResourceAsStream(name))
        {
            if (null == zip)
            {
                throw new IllegalStateException("no test resource " + name + " beside " + GoldenJournals.class);
            }
            return unzip(zip, into).resolve("journal");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(name, ex);
        }
    }

    /**
     * @param zip  a zip's bytes.
     * @param into the directory to unpack it into.
     * @return {@code into}.
     * @throws IOException if it cannot be read or names a path outside {@code into}.
     */
    static Path unzip(final InputStream zip, final Path into) throws IOException
    {
        final Path root = into.toAbsolutePath().normalize();
        try (ZipInputStream entries = new ZipInputStream(zip))
        {
            for (ZipEntry entry = entries.getNextEntry(); null != entry; entry = entries.getNextEntry())
            {
                final Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root))
                {
                    throw new IOException("zip entry outside the directory: " + entry.getName());
                }
                if (entry.isDirectory())
                {
                    Files.createDirectories(path);
                }
                else
                {
                    Files.createDirectories(path.getParent());
                    Files.copy(entries, path);
                }
            }
        }
        return into;
    }
}
