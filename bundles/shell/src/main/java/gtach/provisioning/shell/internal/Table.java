package gtach.provisioning.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A table with aligned columns, for results an operator reads at a terminal. Cells may be
 * {@link Style.Styled}; styles, and the bold headings, show only in {@link #render(boolean) colour}.
 */
final class Table {

    private final List<Object[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headings) {
        this.columns = headings.length;
        rows.add(headings);
    }

    Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("A row of " + cells.length + " cells in a table of " + columns + " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    /** The plain table. */
    @Override
    public String toString() {
        return render(false);
    }

    String render(boolean colour) {
        int[] widths = new int[columns];
        for (Object[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], String.valueOf(row[i]).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String text = String.valueOf(row[i]);
                // Widths count the visible text only: escape codes take no room on the screen
                line.append(row[i] instanceof Style.Styled styled ? styled.render(colour) : text);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - text.length() + 2));
                }
            }
            String text = line.toString().stripTrailing();
            out.append(r == 0 && colour ? Style.BOLD.apply(text) : text).append(System.lineSeparator());
        }
        return out.toString();
    }
}
