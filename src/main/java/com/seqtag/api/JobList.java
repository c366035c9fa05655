package com.seqtag.api;

import com.seqtag.training.JobSnapshot;
import java.util.List;

/** {@code GET /admin/jobs}: every known training job, newest first. */
public record JobList(List<JobSnapshot> jobs) {
}
