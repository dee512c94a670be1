package io.mediagate.job;

/**
 * The vendor's daily quota for the job's calls is used up (it said so, e.g. Baidu's error 17): where the gateway keeps
 * daily budgets the job waits for the quota's reset; elsewhere it fails with this error.
 */
public final class DailyLimitReached extends JobFailure {

    public DailyLimitReached(JobError error) {
        super(error);
    }
}
