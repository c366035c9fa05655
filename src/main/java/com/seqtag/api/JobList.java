package com.seqtag.api;

import com.seqtag.retrain.JobSnapshot;
import java.util.List;

/** {@code GET /admin/jobs}: every known training job, newest first. */
public record JobList(List<JobSnapshot> jobs) {
}
