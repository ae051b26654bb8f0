/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import jnr.ffi.LibraryLoader;

import java.util.Locale;

/**
 * Binds an interface of libc calls with jnr-ffi (which OpenHFT posix already brings), on Linux only: elsewhere the
 * calls' constants differ or the calls do not exist. Each user declares just the calls it makes.
 */
final class LinuxLibC
{
    private LinuxLibC()
    {
    }

    /**
     * @param calls an interface whose methods are libc functions.
     * @param <T>   its type.
     * @return the bound calls, or null if this is not Linux or libc cannot be bound (the caller then goes without).
     */
    static <T> T load(final Class<T> calls)
    {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"))
        {
            return null;
        }
        try
        {
            return LibraryLoader.create(calls).failImmediately().load("c");
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return null;
        }
    }
}
