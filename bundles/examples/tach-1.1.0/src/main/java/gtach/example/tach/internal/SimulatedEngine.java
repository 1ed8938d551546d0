package gtach.example.tach.internal;

/** An engine idling at 800 rpm that revs up to 6,000 and back once a minute. */
final class SimulatedEngine {

    private SimulatedEngine() {
    }

    static int rpmAt(long millis) {
        double phase = (millis % 60_000) / 60_000.0;
        return 800 + (int) Math.round(5_200 * Math.sin(Math.PI * phase));
    }
}
