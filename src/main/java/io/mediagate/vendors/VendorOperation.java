package io.mediagate.vendors;

import io.mediagate.http.VendorResponse;

import io.mediagate.http.VendorRequest;

import io.mediagate.job.Job;
import io.mediagate.media.LocalMedia;

/**
 * The one interface between the generic lifecycle routes and a vendor: build the request, read the answer.
 * Signing happens in the vendor's {@link io.mediagate.auth.RequestSigner} after {@link #submit}/{@link #poll}.
 * Implementations keep no state about jobs; everything they need is in the {@link Job}.
 */
public interface VendorOperation {

    OperationSpec spec();

    /**
     * Builds the request that starts the job.
     *
     * @param media the local file when the job has one (null for remote media named in a .job.json)
     * @throws io.mediagate.job.JobFailure for inputs the vendor would reject (kind {@code input})
     */
    VendorRequest submit(Job job, LocalMedia media);

    /** Reads the answer to {@link #submit}: Done for sync operations, Pending with a task id for async ones. */
    VendorOutcome readSubmit(Job job, VendorResponse response);

    /**
     * Whether a dropped local file must be put in OSS before {@link #submit} (the vendor reads media only from OSS
     * or URLs); the gateway then stages it and sets {@code job.getSource().staged}.
     */
    default boolean stagesLocalMedia() {
        return false;
    }

    /**
     * Whether the vendor fetches media from a plain http(s) URL itself; false when it reads only OSS (ICE), so a queue
     * request's URL is downloaded and staged like a dropped file.
     */
    default boolean takesMediaUrls() {
        return true;
    }

    /** How an {@code oss://} path of a job file or request reaches the vendor. */
    enum OssPaths {
        /** sent as it is: the vendor reads OSS itself */
        PASSED,
        /** presigned with the configured OSS and sent as an https URL: the vendor takes URLs only */
        PRESIGNED,
        /** not taken at all */
        REFUSED
    }

    /** How this operation takes {@code oss://} paths (README "Media each operation takes" is checked against it). */
    default OssPaths ossPaths() {
        return OssPaths.PASSED;
    }

    /** Whether a job file may list several media ({@code "urls": [...]}) to be sent as one batch call. */
    default boolean takesBatches() {
        return false;
    }

    /** How single files of this operation are gathered into batch calls ({@link io.mediagate.job.BatchWindow#OFF}: never). */
    default io.mediagate.job.BatchWindow batchWindow() {
        return io.mediagate.job.BatchWindow.OFF;
    }

    /**
     * The key under which a job may be gathered with others into one batch call (jobs with equal keys can share a
     * call: same model and options), or null when it must go on its own. Only asked when {@link #batchWindow} gathers.
     */
    default String batchKey(Job job) {
        return null;
    }

    /**
     * The per-item jobs of a finished batch job, each delivered with its own envelope or error record (their
     * {@code relativePath} says where), or the members of an automatic batch ({@link Job#isAutomaticBatch()}) each with
     * its own answer; empty for ordinary jobs.
     */
    default java.util.List<Job> parts(Job job) {
        return java.util.List.of();
    }

    /**
     * What, besides the operation, the media and {@code job.getParams()}, decides the request this job sends (Baidu: the
     * model, taken from the folder the file is in), or null when nothing does. It is part of the job id: two inputs
     * that would send different requests must never become one job.
     */
    default String requestTarget(Job job) {
        return null;
    }

    /** Whether a job file may name no {@code url}/{@code oss} because the media can come in params (checked in {@link #submit}). */
    default boolean mediaInParams() {
        return false;
    }

    /** Whether finished jobs of this operation can have {@link #outputFiles} (lets the routes skip the step cheaply). */
    default boolean producesFiles() {
        return false;
    }

    /** The output files of a finished job ({@code job.getResult()} is set) that are delivered beside the envelope. */
    default java.util.List<RemoteFile> outputFiles(Job job) {
        return java.util.List.of();
    }

    /**
     * The quota a call for this job draws from: the operation's ({@link OperationSpec#rateGroup()}) unless the vendor
     * counts per something finer (Baidu: per model). Must be one of the vendor's {@link Vendor#rateLimits()} groups.
     */
    default String rateGroup(Job job) {
        return spec().rateGroup();
    }

    /** Builds the status request of an async task ({@code job.getTaskId()}). */
    default VendorRequest poll(Job job) {
        throw new UnsupportedOperationException(spec().key() + " is synchronous and has nothing to poll");
    }

    /** Reads a status answer: Pending while the task runs, Done or Failed when it ended. */
    default VendorOutcome readPoll(Job job, VendorResponse response) {
        throw new UnsupportedOperationException(spec().key() + " is synchronous and has nothing to poll");
    }
}
