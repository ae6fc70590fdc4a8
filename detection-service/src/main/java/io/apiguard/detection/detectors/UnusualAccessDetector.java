package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.ActorMap;
import io.apiguard.detection.engine.BoundedHashSet;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Unusual object access (API1:2023), the mission's own case: a person who normally touches a few records starts
 * reading records they never touch, and above all records that are another person's, at a pace far below the
 * enumeration thresholds.
 *
 * <p>Per person (the verified individual behind a call, also when it came through a shared account) it learns the
 * objects and object types they touch; per object it learns who touches it most ({@link ObjectOwners}): an object
 * mostly touched by one person, and part of that person's own baseline, is that person's. A person's baseline is ready when it holds enough calls over enough
 * distinct periods (hours by default), whenever those were: a week of short sessions or one long day, never a fixed
 * calendar delay. Once ready, three criteria are judged: objects outside the baseline in a window, calls on object
 * types never used, and records of other people within a longer horizon. Objects outside the baseline that belong to
 * nobody in particular and were touched in a window that raised nothing are absorbed (honest drift); another person's
 * records never are, so reading a colleague's records slowly does not become normal by being slow. They stop counting
 * as foreign only when the reader becomes their main reader (a reassignment). A person whose learned set is full (a
 * support agent who legitimately sees thousands of records) is judged on object types only.
 *
 * <p>An unverified or anonymous caller learns and is judged as its credential and as its address, never as the subject
 * its credential claims; only verified individuals (principal {@code user}) count as owners, so a batch job or a shared
 * account reading every record owns none. Owners are seen among the people whose calls share this partition (the call
 * stream is keyed by subject): with one partition, or owners on the reader's partition, "whose" is known; otherwise the
 * records count as outside the reader's baseline, without an owner.
 */
public final class UnusualAccessDetector implements Detector {

    public static final String TYPE = "unusual-object-access";
    static final String OWASP = "API1:2023";

    /** How many records and owners a detection names in its summary. */
    static final int NAMED_EXAMPLES = 5;

    /** Characters of an object's {@code type/id} a summary quotes. */
    private static final int MAX_DESCRIBED = 80;

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /**
     * @param minBaselineCalls   calls a person's baseline must hold before the person is judged
     * @param minBaselinePeriods and distinct periods those calls must fall in
     * @param baselinePeriod     the length of such a period (an hour: calls in N distinct hours)
     * @param window             tumbling window in which objects outside the baseline and never-used types are counted
     * @param minNovelObjects    objects outside the baseline in a window that raise a detection
     * @param minNovelTypeCalls  calls on object types outside the baseline in a window that raise one
     * @param foreignHorizon     tumbling horizon in which other people's records are counted
     * @param minForeignObjects  other people's records in the horizon that raise a detection
     * @param ownerMinTouches    touches by one person that can make an object theirs
     * @param ownerShare         and the share of the object's touches they must have made (0..1)
     * @param maxLearnedObjects  objects learned per person (beyond: judged on types only)
     * @param maxLearnedTypes    object types learned per person
     * @param maxOwnedObjects    objects whose readers are kept (least recently touched dropped beyond)
     * @param maxSubjects        people kept (least recently seen dropped beyond)
     */
    public record Settings(
            int minBaselineCalls,
            int minBaselinePeriods,
            Duration baselinePeriod,
            Duration window,
            int minNovelObjects,
            int minNovelTypeCalls,
            Duration foreignHorizon,
            int minForeignObjects,
            int ownerMinTouches,
            double ownerShare,
            int maxLearnedObjects,
            int maxLearnedTypes,
            int maxOwnedObjects,
            int maxSubjects) {

        public Settings {
            if (minBaselineCalls < 1 || minBaselinePeriods < 1) {
                throw new IllegalArgumentException("a baseline needs at least one call in one period");
            }
            if (baselinePeriod.isNegative() || baselinePeriod.isZero() || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the baseline period and the window must be positive");
            }
            if (foreignHorizon.compareTo(window) < 0) {
                throw new IllegalArgumentException("the foreign-records horizon must be at least the window");
            }
            if (!(ownerShare > 0 && ownerShare <= 1)) {
                throw new IllegalArgumentException("the owner share must be within (0, 1]: " + ownerShare);
            }
        }

        public static Settings defaults() {
            return new Settings(
                    50,
                    6,
                    Duration.ofHours(1),
                    Duration.ofHours(1),
                    10,
                    3,
                    Duration.ofDays(1),
                    5,
                    5,
                    0.7,
                    256,
                    64,
                    100_000,
                    50_000);
        }
    }

    /** What a restart keeps about one person: the baseline's size and spread, and what it learned. */
    public record Learned(
            long calls, int periods, long lastPeriod, int days, long lastDay, long[] types, long[] objects) {}

    /** What a restart keeps: every person's baseline and the objects' owners. */
    public record Snapshot(Map<String, Learned> people, ObjectOwners.Learned owners) {}

    private static final class Person {
        final String name;
        long calls;
        int periods;
        long lastPeriod = Long.MIN_VALUE;
        int days;
        long lastDay = Long.MIN_VALUE;
        // The baseline as it stood when the current window opened: what a window's calls are compared with, without
        // counting the calls being judged.
        long baselineCalls;
        int baselinePeriods;
        int baselineDays;
        final BoundedHashSet types;
        final BoundedHashSet objects;
        long window = Long.MIN_VALUE;
        BoundedHashSet novelObjects;
        BoundedHashSet novelTypes;
        int novelTypeCalls;
        boolean flagged;
        long horizon = Long.MIN_VALUE;
        BoundedHashSet foreignObjects;
        final List<String> foreignExamples = new ArrayList<>(NAMED_EXAMPLES);
        BoundedHashSet foreignOwners;
        final List<String> novelExamples = new ArrayList<>(NAMED_EXAMPLES);

        Person(String name, BoundedHashSet types, BoundedHashSet objects) {
            this.name = name;
            this.types = types;
            this.objects = objects;
        }
    }

    private final Settings settings;
    private final long windowMillis;
    private final long periodMillis;
    private final long horizonMillis;
    private final ActorMap<Person> people;
    private final ObjectOwners owners;

    public UnusualAccessDetector(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.periodMillis = settings.baselinePeriod().toMillis();
        this.horizonMillis = settings.foreignHorizon().toMillis();
        this.people = new ActorMap<>(settings.maxSubjects());
        this.owners = new ObjectOwners(settings.maxOwnedObjects(), settings.ownerMinTouches(), settings.ownerShare());
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        List<ApiCallRecord.ObjectRef> objects = call.objects();
        String actor = Calls.actor(call);
        if (objects.isEmpty() || actor == null) {
            return;
        }
        Person person = inspect(call, objects, actor, now, out);
        String second = Calls.secondActor(call);
        if (second != null) {
            inspect(call, objects, second, now, out);
        }
        // Judged first, then counted: a reader's own touch never makes a colleague's record look like theirs at once.
        if (ownerCandidate(call)) {
            for (int i = 0; i < objects.size(); i++) {
                owners.touch(objectHash(objects.get(i)), person.name);
            }
        }
    }

    /** Only a verified individual's successful touch says whose an object is: never a service, a probe or a 404. */
    private static boolean ownerCandidate(ApiCallRecord call) {
        return Calls.subject(call) != null
                && call.identity().principalType() == PrincipalType.USER
                && Calls.success(call);
    }

    private Person inspect(
            ApiCallRecord call, List<ApiCallRecord.ObjectRef> objects, String actor, long now, List<Signal> out) {
        Person person = people.get(
                actor,
                key -> new Person(
                        key,
                        new BoundedHashSet(settings.maxLearnedTypes()),
                        new BoundedHashSet(settings.maxLearnedObjects())));
        if (!ready(person)) {
            count(person, now);
            for (int i = 0; i < objects.size(); i++) {
                person.types.add(BoundedHashSet.hash(objects.get(i).resourceType()));
                person.objects.add(objectHash(objects.get(i)));
            }
            return person;
        }
        long window = Windows.start(now, windowMillis);
        if (person.window != window) {
            roll(person);
            person.window = window;
        }
        count(person, now);
        long horizon = Windows.start(now, horizonMillis);
        if (person.horizon != horizon) {
            rollHorizon(person);
            person.horizon = horizon;
        }
        boolean judgeObjects = !person.objects.saturated();
        boolean novelType = false;
        for (int i = 0; i < objects.size(); i++) {
            ApiCallRecord.ObjectRef object = objects.get(i);
            long type = BoundedHashSet.hash(object.resourceType());
            long hash = objectHash(object);
            if (!person.types.contains(type)) {
                novelType = true;
                person.novelTypes.add(type);
                novel(person, object, hash);
            } else if (judgeObjects && !person.objects.contains(hash)) {
                novel(person, object, hash);
            } else {
                continue;
            }
            if (judgeObjects) {
                String owner = otherOwner(hash, person);
                if (owner != null && person.foreignObjects.add(hash)) {
                    if (person.foreignExamples.size() < NAMED_EXAMPLES) {
                        person.foreignExamples.add(describe(object) + " (" + owner + "'s)");
                    }
                    person.foreignOwners.add(BoundedHashSet.hash(owner));
                }
            }
        }
        if (novelType) {
            person.novelTypeCalls++;
        }
        judge(call, person, actor, window, out);
        return person;
    }

    private void judge(ApiCallRecord call, Person person, String actor, long window, List<Signal> out) {
        int novelObjects = person.novelObjects.size();
        int foreignObjects = person.foreignObjects.size();
        boolean typesFire = person.novelTypeCalls >= settings.minNovelTypeCalls();
        boolean objectsFire = novelObjects >= settings.minNovelObjects();
        boolean foreignFire = foreignObjects >= settings.minForeignObjects();
        if (!(typesFire || objectsFire || foreignFire)) {
            return;
        }
        person.flagged = true;
        boolean heavy =
                novelObjects >= 5 * settings.minNovelObjects() || foreignObjects >= 5 * settings.minForeignObjects();
        int criteria = (typesFire ? 1 : 0) + (objectsFire ? 1 : 0) + (foreignFire ? 1 : 0);
        // Another person's records, or two criteria at once, make it high: that is the insider case, not drift.
        Severity severity = heavy || foreignFire || criteria > 1 ? Severity.HIGH : Severity.MEDIUM;
        String action = heavy
                ? RecommendedActions.block(actor)
                : objectsFire || foreignFire ? RecommendedActions.rateLimit(actor) : RecommendedActions.MONITOR;
        // One criterion 0.7, each further one 0.1 more, a heavy excess 0.15 more: with the default policy (0.8) a
        // single slow criterion is reported and rate-limited, never blocked on its own.
        double confidence = 0.6 + 0.1 * criteria + (heavy ? 0.15 : 0);

        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("novelObjects", (double) novelObjects);
        figures.put("foreignObjects", (double) foreignObjects);
        figures.put("foreignOwners", (double) person.foreignOwners.size());
        figures.put("novelResourceTypes", (double) person.novelTypes.size());
        figures.put("novelTypeCalls", (double) person.novelTypeCalls);
        figures.put("learnedObjects", (double) person.objects.size());
        figures.put("learnedResourceTypes", (double) person.types.size());
        figures.put("baselineCalls", (double) person.baselineCalls);
        figures.put("baselinePeriods", (double) person.baselinePeriods);
        figures.put("baselineDays", (double) person.baselineDays);
        figures.put("minNovelObjects", (double) settings.minNovelObjects());
        figures.put("minForeignObjects", (double) settings.minForeignObjects());
        figures.put("minNovelTypeCalls", (double) settings.minNovelTypeCalls());
        figures.put("windowMinutes", (double) settings.window().toMinutes());
        figures.put("foreignHorizonMinutes", (double) settings.foreignHorizon().toMinutes());
        out.add(Calls.signal(
                call,
                TYPE,
                actor,
                severity,
                confidence,
                window,
                window + windowMillis,
                figures,
                summary(person, actor),
                OWASP,
                action));
    }

    private String summary(Person person, String actor) {
        StringBuilder summary = new StringBuilder(Calls.describe(actor));
        int foreign = person.foreignObjects.size();
        if (foreign > 0) {
            summary.append(" read ")
                    .append(foreign)
                    .append(" record(s) other people usually handle (")
                    .append(String.join(", ", person.foreignExamples))
                    .append(foreign > person.foreignExamples.size() ? ", ..." : "")
                    .append(") within ")
                    .append(settings.foreignHorizon().toMinutes())
                    .append(" min, and");
        }
        summary.append(" touched ")
                .append(person.novelObjects.size())
                .append(" object(s) outside their baseline within ")
                .append(settings.window().toMinutes())
                .append(" min (e.g. ")
                .append(String.join(", ", person.novelExamples))
                .append(')');
        if (person.novelTypes.size() > 0) {
            summary.append(", ")
                    .append(person.novelTypeCalls)
                    .append(" call(s) on ")
                    .append(person.novelTypes.size())
                    .append(" object type(s) they never used");
        }
        summary.append("; their baseline: ")
                .append(person.objects.size())
                .append(person.objects.saturated() ? "+" : "")
                .append(" object(s) of ")
                .append(person.types.size())
                .append(" type(s), ")
                .append(person.baselineCalls)
                .append(" calls in ")
                .append(person.baselinePeriods)
                .append(" distinct ")
                .append(settings.baselinePeriod().toMinutes())
                .append("-min period(s) over ")
                .append(person.baselineDays)
                .append(" day(s)");
        return summary.toString();
    }

    private boolean ready(Person person) {
        return person.calls >= settings.minBaselineCalls() && person.periods >= settings.minBaselinePeriods();
    }

    /** Counts the call and the distinct periods and days it falls in (out-of-order calls add no period). */
    private void count(Person person, long now) {
        person.calls++;
        long period = Math.floorDiv(now, periodMillis);
        if (period > person.lastPeriod) {
            person.lastPeriod = period;
            person.periods++;
        }
        long day = Math.floorDiv(now, DAY_MILLIS);
        if (day > person.lastDay) {
            person.lastDay = day;
            person.days++;
        }
    }

    private static void novel(Person person, ApiCallRecord.ObjectRef object, long hash) {
        if (person.novelObjects.add(hash) && person.novelExamples.size() < NAMED_EXAMPLES) {
            person.novelExamples.add(describe(object));
        }
    }

    private void roll(Person person) {
        if (person.novelObjects == null) {
            person.novelObjects = new BoundedHashSet(4096);
            person.novelTypes = new BoundedHashSet(64);
        } else {
            if (!person.flagged) {
                // Honest drift: what a quiet window touched becomes part of the baseline, except other people's
                // records, which stay theirs until this person becomes their main reader.
                for (long type : person.novelTypes.toArray()) {
                    person.types.add(type);
                }
                for (long object : person.novelObjects.toArray()) {
                    if (!person.foreignObjects.contains(object) && otherOwner(object, person) == null) {
                        person.objects.add(object);
                    }
                }
            }
            person.novelObjects.clear();
            person.novelTypes.clear();
        }
        person.baselineCalls = person.calls;
        person.baselinePeriods = person.periods;
        person.baselineDays = person.days;
        person.novelExamples.clear();
        person.novelTypeCalls = 0;
        person.flagged = false;
    }

    private void rollHorizon(Person person) {
        if (person.foreignObjects == null) {
            person.foreignObjects = new BoundedHashSet(4096);
            person.foreignOwners = new BoundedHashSet(1024);
        } else {
            person.foreignObjects.clear();
            person.foreignOwners.clear();
        }
        person.foreignExamples.clear();
    }

    /**
     * The other person whose object {@code object} is, or null. Touching an object most is not enough to own it: it must
     * also be part of its main reader's own baseline, so a burst of reads that flagged the reader (someone hammering
     * the archive to make colleagues' reads of it look foreign) claims nothing.
     */
    private String otherOwner(long object, Person person) {
        String owner = owners.owner(object);
        if (owner == null || owner.equals(person.name)) {
            return null;
        }
        Person theirs = people.get(owner);
        return theirs != null && theirs.objects.contains(object) ? owner : null;
    }

    /** {@code type/id} for the summary, cut short: ids come from callers' paths, whatever their length. */
    private static String describe(ApiCallRecord.ObjectRef object) {
        String described = object.resourceType() + "/" + object.objectId();
        return described.length() <= MAX_DESCRIBED ? described : described.substring(0, MAX_DESCRIBED) + "...";
    }

    private static long objectHash(ApiCallRecord.ObjectRef object) {
        return BoundedHashSet.hash(object.resourceType()) * 31 + BoundedHashSet.hash(object.objectId());
    }

    @Override
    public Object baselines() {
        Map<String, Learned> learned = new LinkedHashMap<>();
        people.forEach((name, person) -> learned.put(
                name,
                new Learned(
                        person.calls,
                        person.periods,
                        person.lastPeriod,
                        person.days,
                        person.lastDay,
                        person.types.toArray(),
                        person.objects.toArray())));
        return new Snapshot(learned, owners.learned());
    }

    @Override
    public void restore(JsonNode json) {
        ObjectMapper mapper = EventJson.mapper();
        people.clear();
        if (!json.has("people")) {
            restoreFirstVersion(json);
            return;
        }
        Snapshot snapshot = mapper.convertValue(json, Snapshot.class);
        if (snapshot.people() != null) {
            snapshot.people().forEach((name, l) -> {
                Person person = new Person(
                        name,
                        BoundedHashSet.of(settings.maxLearnedTypes(), l.types()),
                        BoundedHashSet.of(settings.maxLearnedObjects(), l.objects()));
                person.calls = l.calls();
                person.periods = l.periods();
                person.lastPeriod = l.lastPeriod();
                person.days = l.days();
                person.lastDay = l.lastDay();
                people.put(name, person);
            });
        }
        owners.restore(snapshot.owners());
    }

    /**
     * Baselines written before readiness was measured in periods (subject to {@code firstSeen, calls, types, objects}):
     * the objects and types are kept, the periods start again, so such a person is judged again after
     * {@code minBaselinePeriods} active periods rather than relearning everything.
     */
    private void restoreFirstVersion(JsonNode json) {
        json.fields().forEachRemaining(entry -> {
            JsonNode l = entry.getValue();
            Person person = new Person(
                    entry.getKey(),
                    BoundedHashSet.of(settings.maxLearnedTypes(), longs(l.get("types"))),
                    BoundedHashSet.of(settings.maxLearnedObjects(), longs(l.get("objects"))));
            person.calls = l.path("calls").asLong();
            people.put(entry.getKey(), person);
        });
        owners.restore(null);
    }

    private static long[] longs(JsonNode array) {
        if (array == null || !array.isArray()) {
            return new long[0];
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }
}
