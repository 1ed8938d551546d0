/** The example tachometer's API: what a display reads. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package gtach.example.tach;
