package gtach.example.tach;

import org.osgi.annotation.versioning.ProviderType;

/** An engine speed sensor. */
@ProviderType
public interface Tachometer {

    /** Revolutions per minute, now. */
    int rpm();

    /** Which sensor this is, for the display. */
    String source();
}
