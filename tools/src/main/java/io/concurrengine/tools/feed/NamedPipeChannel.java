package io.concurrengine.tools.feed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A named pipe (FIFO) read as a feed, opened at its first read rather than when the feed is opened: opening a pipe's
 * reading end waits for a writer, and that wait, unlike a read's, is not released by an interrupt, so a run whose
 * upstream had not opened the pipe yet could neither start nor be stopped (Ctrl-C, SIGTERM or the end of its duration)
 * until one did. An interrupt of the thread waiting in the open closes this channel and releases the open by opening
 * the pipe's writing end for a moment, on a thread of its own; the read then ends with a
 * {@link java.nio.channels.ClosedByInterruptException}, as a read waiting on a {@link FileChannel} does.
 */
final class NamedPipeChannel extends AbstractInterruptibleChannel implements ReadableByteChannel
{
    private final Path pipe;
    private final Object lock = new Object();
    private volatile boolean opening;
    private FileChannel channel;

    NamedPipeChannel(final Path pipe)
    {
        this.pipe = pipe;
    }

    @Override
    public int read(final ByteBuffer into) throws IOException
    {
        FileChannel channel;
        synchronized (lock)
        {
            channel = this.channel;
        }
        if (null == channel)
        {
            channel = open();
        }
        return channel.read(into);
    }

    private FileChannel open() throws IOException
    {
        FileChannel opened = null;
        opening = true;
        begin();
        try
        {
            opened = FileChannel.open(pipe, StandardOpenOption.READ);
        }
        finally
        {
            try
            {
                end(null != opened);
            }
            catch (final IOException ex)
            {
                if (null != opened)
                {
                    opened.close();
                }
                throw ex;
            }
        }
        synchronized (lock)
        {
            if (!isOpen())
            {
                opened.close();
                throw new AsynchronousCloseException();
            }
            channel = opened;
        }
        return opened;
    }

    @Override
    protected void implCloseChannel() throws IOException
    {
        final FileChannel channel;
        synchronized (lock)
        {
            channel = this.channel;
        }
        if (null != channel)
        {
            channel.close();
        }
        else if (opening)
        {
            // a reader waits in open() for a writer, or is about to: be that writer for a moment
            final Thread release = new Thread(() ->
            {
                try
                {
                    FileChannel.open(pipe, StandardOpenOption.WRITE).close();
                }
                catch (final IOException ex)
                {
                    // the pipe is gone, and with it the wait
                }
            }, "concurrengine-feed-pipe-release");
            release.setDaemon(true);
            release.start();
        }
    }
}
