/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable filter for {@link JournalReader#read(JournalQuery, JournalRecordHandler)}, as used by
 * {@code concurrengine inspect}. All conditions must hold; HEADER records pass every filter but the
 * kinds.
 */
public final class JournalQuery
{
    /** Matches any type. */
    public static final int ANY_TYPE = Integer.MIN_VALUE;

    /** Matches any shard. */
    public static final int ANY_SHARD = -1;

    /** Query that delivers everything. */
    public static final JournalQuery ALL = builder().build();

    private final int kindMask;
    private final long fromTime;
    private final long toTime;
    private final int type;
    private final int shardId;
    private final long limit;
    private final boolean failedOnly;

    private JournalQuery(final Builder builder)
    {
        int mask = 0;
        for (final RecordKind kind : builder.kinds)
        {
            mask |= 1 << kind.ordinal();
        }
        kindMask = mask;
        fromTime = builder.fromTime;
        toTime = builder.toTime;
        type = builder.type;
        shardId = builder.shardId;
        limit = builder.limit;
        failedOnly = builder.failedOnly;
    }

    /**
     * @return a builder matching everything.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @param header identity of the journal.
     * @return true if records of this journal can match.
     */
    boolean matchesJournal(final JournalHeader header)
    {
        return ANY_SHARD == shardId || header.shardId() == shardId;
    }

    /**
     * @param record decoded record.
     * @return true if it passes every filter.
     */
    boolean matches(final JournalRecord record)
    {
        final RecordKind kind = record.kind();
        if ((kindMask & (1 << kind.ordinal())) == 0)
        {
            return false;
        }
        if (RecordKind.HEADER == kind)
        {
            return true;
        }
        if (failedOnly && !(RecordKind.DISPATCH == kind && record.failed()))
        {
            return false;
        }
        final long time = record.time();
        if (time < fromTime || time > toTime)
        {
            return false;
        }
        return ANY_TYPE == type || ((RecordKind.INPUT == kind || RecordKind.DISPATCH == kind) && record.type() == type);
    }

    /**
     * @return most records delivered.
     */
    public long limit()
    {
        return limit;
    }

    @Override
    public String toString()
    {
        return "JournalQuery{kindMask=" + kindMask + ", fromTime=" + fromTime + ", toTime=" + toTime +
            ", type=" + type + ", shardId=" + shardId + ", limit=" + limit + ", failedOnly=" + failedOnly + '}';
    }

    /**
     * Mutable builder of a query.
     */
    public static final class Builder
    {
        private Set<RecordKind> kinds = EnumSet.allOf(RecordKind.class);
        private long fromTime = Long.MIN_VALUE;
        private long toTime = Long.MAX_VALUE;
        private int type = ANY_TYPE;
        private int shardId = ANY_SHARD;
        private long limit = Long.MAX_VALUE;
        private boolean failedOnly;

        private Builder()
        {
        }

        /**
         * @param kinds kinds to deliver, at least one.
         * @return this.
         */
        public Builder kinds(final Set<RecordKind> kinds)
        {
            if (Objects.requireNonNull(kinds, "kinds").isEmpty())
            {
                throw new IllegalArgumentException("kinds=[]");
            }
            this.kinds = EnumSet.copyOf(kinds);
            return this;
        }

        /**
         * @param fromTime lowest time delivered, inclusive.
         * @return this.
         */
        public Builder fromTime(final long fromTime)
        {
            this.fromTime = fromTime;
            return this;
        }

        /**
         * @param toTime highest time delivered, inclusive.
         * @return this.
         */
        public Builder toTime(final long toTime)
        {
            this.toTime = toTime;
            return this;
        }

        /**
         * @param type event type of INPUT and DISPATCH records to deliver; other kinds then never match.
         * @return this.
         */
        public Builder type(final int type)
        {
            this.type = type;
            return this;
        }

        /**
         * @param shardId shard whose journal is read; another shard's journal delivers nothing.
         * @return this.
         */
        public Builder shardId(final int shardId)
        {
            if (shardId < 0)
            {
                throw new IllegalArgumentException("shardId=" + shardId);
            }
            this.shardId = shardId;
            return this;
        }

        /**
         * @param limit most records delivered, at least 1.
         * @return this.
         */
        public Builder limit(final long limit)
        {
            if (limit < 1)
            {
                throw new IllegalArgumentException("limit=" + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * @param failedOnly true to deliver only the DISPATCH records of failed dispatches (a handler threw); other
         *                   kinds, HEADER aside, then never match.
         * @return this.
         */
        public Builder failedOnly(final boolean failedOnly)
        {
            this.failedOnly = failedOnly;
            return this;
        }

        /**
         * @return the query.
         */
        public JournalQuery build()
        {
            if (fromTime > toTime)
            {
                throw new IllegalArgumentException("fromTime=" + fromTime + " > toTime=" + toTime);
            }
            return new JournalQuery(this);
        }
    }
}
