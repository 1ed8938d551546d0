package gtach.provisioning.fleet;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Following one channel of one published remote repository. Every method answers the status
 * after it; a refusal is a {@link FleetException} of one sentence and changes nothing.
 */
@ProviderType
public interface FleetService {

    /**
     * Follows {@code channel} of {@code remote} (a published remote the remote repositories service
     * knows) from now on, in place of anything followed before, and polls soon.
     */
    FollowStatus follow(String remote, String channel) throws FleetException;

    /** Stops following; what runs stays as it is. */
    FollowStatus unfollow() throws FleetException;

    /** Follows again after an operator's change paused following. */
    FollowStatus resume() throws FleetException;

    /** Forgets the releases that failed here, so that the next poll may try them again, and polls. */
    FollowStatus retry() throws FleetException;

    /** Polls now, whatever the interval, and answers what the poll found or did. */
    FollowStatus poll() throws FleetException;

    /** What is followed and how that goes. */
    FollowStatus status();
}
