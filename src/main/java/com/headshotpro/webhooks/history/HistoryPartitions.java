package com.headshotpro.webhooks.history;

import com.headshotpro.webhooks.database.RetentionProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The partitions of the history: {@code event}, {@code delivery} and {@code delivery_attempt} are
 * partitioned by the day (UTC) their events were created, one table per day each, named
 * {@code delivery_20261202} and so on (migration V6 and its {@code create_history_partitions}).
 *
 * <p>Every replica creates the partitions of today and the next {@value #DAYS_AHEAD} days, when it
 * starts (the first of its lifecycle, before the web server and the delivery engine, and after the
 * context has refreshed, which therefore needs no database: the AOT cache's training run of
 * {@code scripts/aot-cache.sh} refreshes it without one) and then with each run, so a write never finds
 * its day missing. Once a day is older than
 * {@code hooks.retention} it is dropped whole: its three tables are detached without blocking reads or
 * writes of the rest ({@code DETACH PARTITION ... CONCURRENTLY}) and dropped, which takes milliseconds
 * where deleting its rows took minutes and left the tables to vacuum. A day with a delivery still
 * pending (a redelivery or replay of an old event) is checked after its deliveries were detached, so no
 * write can slip in meanwhile, and attached again: nothing pending is ever dropped. A replica that dies
 * between two steps leaves tables detached; the next run, on any replica, finishes the job or attaches
 * them back.
 */
@Component
public class HistoryPartitions implements SmartLifecycle {

    static final int DAYS_AHEAD = 3;

    /** Child first: a day's attempts, then its deliveries, then its events. */
    static final List<String> TABLES = List.of("delivery_attempt", "delivery", "event");

    private static final Logger log = LoggerFactory.getLogger(HistoryPartitions.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final JdbcClient jdbc;
    private final RetentionProperties properties;
    private final Clock clock;
    private volatile boolean running;

    HistoryPartitions(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void start() {
        createAhead();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** First of all: nothing that writes the history starts before its days exist. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }

    @Scheduled(
            fixedDelayString = "${hooks.retention-interval:10m}",
            initialDelayString = "${hooks.retention-interval:10m}")
    void scheduled() {
        try {
            createAhead();
            dropExpired();
        } catch (RuntimeException e) {
            log.warn("Keeping the history's partitions failed; trying again next time: {}", e.getMessage());
        }
    }

    /** Creates the partitions from yesterday to {@value #DAYS_AHEAD} days ahead that do not exist yet. */
    public int createAhead() {
        LocalDate today = today();
        return jdbc.sql("SELECT create_history_partitions(?, ?)")
                .params(today.minusDays(1), today.plusDays(DAYS_AHEAD))
                .query(Integer.class)
                .single();
    }

    /**
     * Drops every day that ended at least {@code hooks.retention} ago and has no pending delivery, and
     * attaches back what a run that died left detached. Returns the days dropped.
     */
    public List<LocalDate> dropExpired() {
        Instant cutoff = clock.instant().minus(properties.retention());
        List<LocalDate> dropped = new java.util.ArrayList<>();
        partitions().forEach((day, states) -> {
            boolean expired = !start(day.plusDays(1)).isAfter(cutoff);
            if (expired && drop(day, states)) {
                dropped.add(day);
            } else {
                states.forEach((table, state) -> {
                    if (state != State.ATTACHED) {
                        attach(table, day, state);
                    }
                });
            }
        });
        return dropped;
    }

    /** Where a day's table stands: part of its partitioned table, on its way out, or out. */
    enum State {
        ATTACHED,
        DETACHING,
        DETACHED
    }

    private boolean drop(LocalDate day, Map<String, State> states) {
        long started = System.nanoTime();
        if (states.containsKey("delivery")) {
            detach("delivery", day, states.put("delivery", State.DETACHED));
            if (pending(day)) {
                attach("delivery", day, State.DETACHED);
                states.put("delivery", State.ATTACHED);
                log.warn("Keeping the history of {} beyond the retention: a delivery of it is still pending", day);
                return false;
            }
        }
        for (String table : TABLES) {
            if (states.containsKey(table)) {
                detach(table, day, states.get(table));
                jdbc.sql("DROP TABLE IF EXISTS " + name(table, day)).update();
            }
        }
        log.info(
                "Dropped the history of {} (older than {}) in {} ms",
                day,
                properties.retention(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return true;
    }

    /** Asks delivery, which owns what a pending delivery is ({@code delivery_pending_on}, V11). */
    private boolean pending(LocalDate day) {
        return jdbc.sql("SELECT delivery_pending_on(?)")
                .param(day)
                .query(Boolean.class)
                .single();
    }

    /** Outside a transaction: CONCURRENTLY waits for the queries that still see the table, blocking none. */
    private void detach(String table, LocalDate day, State state) {
        switch (state) {
            case ATTACHED ->
                jdbc.sql("ALTER TABLE " + table + " DETACH PARTITION " + name(table, day) + " CONCURRENTLY")
                        .update();
            case DETACHING ->
                jdbc.sql("ALTER TABLE " + table + " DETACH PARTITION " + name(table, day) + " FINALIZE")
                        .update();
            case DETACHED -> {}
        }
    }

    private void attach(String table, LocalDate day, State state) {
        if (state == State.DETACHING) {
            detach(table, day, state);
        }
        jdbc.sql("ALTER TABLE " + table + " ATTACH PARTITION " + name(table, day) + " FOR VALUES FROM ('" + start(day)
                        + "') TO ('" + start(day.plusDays(1)) + "')")
                .update();
        log.info("Attached {} back to {}", name(table, day), table);
    }

    /** Every day that has tables, oldest first, and where each of them stands. */
    private Map<LocalDate, Map<String, State>> partitions() {
        Map<LocalDate, Map<String, State>> days = new TreeMap<>();
        jdbc.sql("""
                        SELECT c.relname,
                               CASE WHEN i.inhrelid IS NULL THEN 'DETACHED'
                                    WHEN i.inhdetachpending THEN 'DETACHING' ELSE 'ATTACHED' END AS state
                          FROM pg_class c LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
                         WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
                           AND c.relname ~ '^(event|delivery|delivery_attempt)_[0-9]{8}$'
                        """)
                .query((rs, row) -> {
                    String name = rs.getString("relname");
                    int split = name.lastIndexOf('_');
                    LocalDate day = LocalDate.parse(name.substring(split + 1), DAY);
                    days.computeIfAbsent(day, d -> new TreeMap<>())
                            .put(name.substring(0, split), State.valueOf(rs.getString("state")));
                    return name;
                })
                .list();
        return days;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String name(String table, LocalDate day) {
        return table + "_" + day.format(DAY);
    }
}
