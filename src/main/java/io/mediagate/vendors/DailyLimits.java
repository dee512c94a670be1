package io.mediagate.vendors;

/**
 * Told when a vendor says the caller's daily quota is used up (Baidu's error 17): the gateway holds the quota's jobs
 * until its daily reset instead of failing them.
 */
public interface DailyLimits {

    /** The vendor refused a call of {@code vendor}/{@code operation} for its daily limit. */
    void reached(String vendor, String operation);
}
