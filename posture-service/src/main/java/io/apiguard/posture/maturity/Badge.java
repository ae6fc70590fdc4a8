package io.apiguard.posture.maturity;

/** A compact rendering of a maturity report: one line of text, or a shields-style SVG badge. */
final class Badge {

    private static final String[] COLOURS = {"#e05d44", "#fe7d37", "#dfb317", "#a4a61d", "#97ca00", "#4c1"};

    private Badge() {}

    /** {@code apiguard maturity 3/5 (level 4 blocked: ...)}. */
    static String text(MaturityReport report) {
        StringBuilder text = new StringBuilder("apiguard maturity ")
                .append(report.level())
                .append('/')
                .append(MaturityReport.MAX_LEVEL);
        for (MaturityReport.Level level : report.levels()) {
            text.append(level.level() == 1 ? " [" : " ")
                    .append('L')
                    .append(level.level())
                    .append(level.holds() ? "+" : "-");
        }
        return text.append(']').append('\n').toString();
    }

    /** A two-part SVG badge: "apiguard maturity" and "level N/5", coloured by level. */
    static String svg(MaturityReport report) {
        String value = "level " + report.level() + "/" + MaturityReport.MAX_LEVEL;
        String colour = COLOURS[Math.max(0, Math.min(report.level(), COLOURS.length - 1))];
        int labelWidth = 118;
        int valueWidth = 62;
        int width = labelWidth + valueWidth;
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="apiguard maturity: %s">
                  <title>apiguard maturity: %s</title>
                  <rect width="%d" height="20" fill="#555"/>
                  <rect x="%d" width="%d" height="20" fill="%s"/>
                  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
                    <text x="%d" y="14">apiguard maturity</text>
                    <text x="%d" y="14">%s</text>
                  </g>
                </svg>
                """.formatted(
                        width,
                        value,
                        value,
                        width,
                        labelWidth,
                        valueWidth,
                        colour,
                        labelWidth / 2,
                        labelWidth + valueWidth / 2,
                        value);
    }
}
