/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.util.function.IntFunction;

/**
 * Renders records as one human-readable line each, for {@code concurrengine inspect} and logs. Allocates; not for
 * hot paths. Threadsafe (stateless).
 * <p>
 * Format: {@code KIND time=… [seq=…] [type=… target=… a=[…,…,…,…]] [FAILED] @file#document/record}, e.g.
 * {@code DISPATCH time=1005 seq=7 type=3 target=42 a=[100250,5,1,0] @20260101-00F.cq4#12/511}; with the model's
 * type names, {@code type=3(Replace)}.
 */
public final class JournalInspector
{
    private JournalInspector()
    {
    }

    /**
     * @param record record to render.
     * @return one line without a line separator.
     */
    public static String format(final JournalRecord record)
    {
        final StringBuilder builder = new StringBuilder(128);
        format(record, builder);
        return builder.toString();
    }

    /**
     * Append one line (no line separator) to a builder.
     *
     * @param record  record to render.
     * @param builder destination.
     * @return the builder.
     */
    public static StringBuilder format(final JournalRecord record, final StringBuilder builder)
    {
        return format(record, builder, null);
    }

    /**
     * Append one line (no line separator) to a builder, with the model's name of each event type beside its number,
     * e.g. {@code type=2(Execute)}.
     *
     * @param record    record to render.
     * @param builder   destination.
     * @param typeNames name of an event type, or null to print numbers only.
     * @return the builder.
     */
    public static StringBuilder format(
        final JournalRecord record, final StringBuilder builder, final IntFunction<String> typeNames)
    {
        final RecordKind kind = record.kind();
        builder.append(kind);
        switch (kind)
        {
            case HEADER:
                final JournalHeader header = record.header();
                builder.append(" engine=").append(header.engineVersion())
                    .append(" model=").append(header.modelId())
                    .append(" config=0x").append(Long.toHexString(header.configHash()))
                    .append(" shard=").append(header.shardId()).append('/').append(header.shardCount())
                    .append(" unit=").append(header.timeUnit())
                    .append(" start=").append(header.startTime())
                    .append(" seed=").append(header.seed())
                    .append(" clock=").append(record.time());
                break;

            case INPUT:
                builder.append(" time=").append(record.time());
                appendEvent(record, builder, typeNames);
                break;

            case DISPATCH:
                builder.append(" time=").append(record.time()).append(" seq=").append(record.seq());
                appendEvent(record, builder, typeNames);
                if (record.failed())
                {
                    builder.append(" FAILED");
                }
                break;

            case ADVANCE:
                builder.append(" time=").append(record.time());
                break;

            case SNAPSHOT:
                builder.append(" time=").append(record.time()).append(" id=").append(record.snapshotId());
                break;

            default:
                break;
        }
        builder.append(" @").append(null == record.file() ? "?" : record.file().getFileName())
            .append('#').append(record.documentIndex())
            .append('/').append(record.recordIndex())
            .append(" block=").append(record.blockIndex());
        return builder;
    }

    private static void appendEvent(
        final JournalRecord record, final StringBuilder builder, final IntFunction<String> typeNames)
    {
        builder.append(" type=").append(record.type());
        if (null != typeNames)
        {
            builder.append('(').append(typeNames.apply(record.type())).append(')');
        }
        builder.append(" target=").append(record.target())
            .append(" a=[").append(record.a0())
            .append(',').append(record.a1())
            .append(',').append(record.a2())
            .append(',').append(record.a3()).append(']');
    }
}
