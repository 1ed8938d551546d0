package gtach.example.tach;

import org.osgi.annotation.versioning.ProviderType;

/** An engine speed sensor. Version 2 of the API: one call answers a whole reading. */
@ProviderType
public interface Tachometer {

    /** The current reading. */
    Reading read();
}
