package gtach.example.tach.internal;

import gtach.example.tach.Tachometer;
import org.osgi.service.component.annotations.Component;

/** A tachometer without an engine: a speed that rises and falls over a minute. */
@Component(service = Tachometer.class, immediate = true)
public final class SimulatedTachometer implements Tachometer {

    @Override
    public int rpm() {
        return SimulatedEngine.rpmAt(System.currentTimeMillis());
    }

    @Override
    public String source() {
        return "simulated tach 1.0.0";
    }
}
