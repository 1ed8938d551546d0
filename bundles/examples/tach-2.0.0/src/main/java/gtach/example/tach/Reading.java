package gtach.example.tach;

/**
 * One engine speed reading.
 *
 * @param rpm revolutions per minute
 * @param source which sensor took it
 */
public record Reading(int rpm, String source) {
}
