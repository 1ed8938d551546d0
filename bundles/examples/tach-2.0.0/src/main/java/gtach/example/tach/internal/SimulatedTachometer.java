package gtach.example.tach.internal;

import gtach.example.tach.Tachometer;
import gtach.example.tach.Reading;
import org.osgi.service.component.annotations.Component;

/** A tachometer without an engine: a speed that rises and falls over a minute. */
@Component(service = Tachometer.class, immediate = true)
public final class SimulatedTachometer implements Tachometer {

    @Override
    public Reading read() {
        return new Reading(SimulatedEngine.rpmAt(System.currentTimeMillis()), "simulated tach 2.0.0");
    }
}
