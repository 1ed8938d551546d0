package gtach.example.tach.internal;

import gtach.example.tach.Tachometer;
import org.osgi.service.component.annotations.Component;

/** A tachometer without an engine: a speed that rises and falls over a minute. */
@Component(service = Tachometer.class, immediate = true)
public final class SimulatedTachometer implements Tachometer {

    @Override
    public int rpm() {
        // Smoothed: to the nearest 50 rpm, as a needle would show it.
        return Math.round(SimulatedEngine.rpmAt(System.currentTimeMillis()) / 50f) * 50;
    }

    @Override
    public String source() {
        return "smoothed simulated tach 1.1.0";
    }
}
