package com.seqtag.retrain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.seqtag.store.SharedRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Training jobs as every replica sees them: one record {@code jobs/<id>.json} a job, holding its
 * {@link JobSnapshot} as the training replica last wrote it, and {@code jobs/<id>.cancel} when any
 * replica was asked to cancel it. A job's record is written only by its training replica, except
 * when that replica died: then whichever replica notices writes it once more, as failed.
 */
final class JobRecords {

    /** The folder of job records in the shared records. */
    static final String FOLDER = "jobs";
    /** What a job id may look like (ours are UUIDs); anything else names no job. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final String RECORD = ".json";
    private static final String CANCEL = ".cancel";

    private final SharedRecords records;
    private final ObjectMapper json;
    /** Jobs that ended never change again, so they are read from the store once. */
    private final Map<String, JobSnapshot> ended = new ConcurrentHashMap<>();

    JobRecords(SharedRecords records, ObjectMapper json) {
        this.records = records;
        this.json = json;
    }

    /**
     * How records are written: dates as ISO-8601 text, and fields a newer SeqTag added ignored, so
     * replicas of two versions can share a store during a rolling upgrade.
     */
    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Whether {@code id} can name a job. */
    static boolean isJobId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    void write(JobSnapshot job) throws IOException {
        records.write(FOLDER + "/" + job.id() + RECORD, json.writeValueAsBytes(job));
        if (job.state().isFinal()) {
            ended.put(job.id(), job);
        }
    }

    Optional<JobSnapshot> read(String id) throws IOException {
        if (!isJobId(id)) {
            return Optional.empty();
        }
        JobSnapshot known = ended.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<byte[]> content = records.read(FOLDER + "/" + id + RECORD);
        if (content.isEmpty()) {
            return Optional.empty();
        }
        JobSnapshot job = json.readValue(content.get(), JobSnapshot.class);
        if (job.state().isFinal()) {
            ended.put(id, job);
        }
        return Optional.of(job);
    }

    /** Every recorded job, newest first; a record that cannot be read is left out. */
    List<JobSnapshot> list() throws IOException {
        List<JobSnapshot> jobs = new ArrayList<>();
        for (String name : records.list(FOLDER)) {
            if (!name.endsWith(RECORD)) {
                continue;
            }
            String id = name.substring(FOLDER.length() + 1, name.length() - RECORD.length());
            try {
                read(id).ifPresent(jobs::add);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                // Written by another version of SeqTag, or damaged: not a reason to hide the others.
            }
        }
        jobs.sort(Comparator.comparing(JobSnapshot::createdAt).reversed());
        return jobs;
    }

    /** Removes the oldest ended jobs beyond {@code keep}. */
    void prune(int keep) throws IOException {
        List<JobSnapshot> jobs = list();
        for (JobSnapshot job : jobs.subList(Math.min(keep, jobs.size()), jobs.size())) {
            if (job.state().isFinal()) {
                records.delete(FOLDER + "/" + job.id() + RECORD);
                records.delete(FOLDER + "/" + job.id() + CANCEL);
                ended.remove(job.id());
            }
        }
    }

    /** Leaves word for the training replica, wherever it is, to cancel the job. */
    void requestCancel(String id) throws IOException {
        records.write(FOLDER + "/" + id + CANCEL, new byte[0]);
    }

    /** Whether some replica was asked to cancel the job. */
    boolean cancelRequested(String id) throws IOException {
        return records.read(FOLDER + "/" + id + CANCEL).isPresent();
    }
}
