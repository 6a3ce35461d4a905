package io.bgtasks.app.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the matrix's cells and writes them as a scenario × backend table: always to
 * {@code target/failure-matrix.md}, and to {@code docs/failure-matrix.md} when run with
 * {@code -Dbgtasks.matrix.write-docs=true}.
 */
final class MatrixReport {
    private static final List<MatrixRow> ROWS = new ArrayList<>();

    private MatrixReport() {
    }

    static synchronized void add(MatrixRow row) {
        ROWS.removeIf(r -> r.scenario().equals(row.scenario()) && r.backend().equals(row.backend()));
        ROWS.add(row);
    }

    static synchronized void write(List<String> scenarioOrder, List<String> backends, String settings) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Failure-behaviour matrix\n\n")
            .append("Produced by `FailureMatrixTest` on ").append(LocalDate.now()).append(" (").append(Runtime.getRuntime().availableProcessors())
            .append(" CPUs, Java ").append(Runtime.version().feature()).append("). Regenerate with\n")
            .append("`./mvnw -pl app -am verify -Dtest='FailureMatrix*' -Dsurefire.failIfNoSpecifiedTests=false -Dbgtasks.matrix.write-docs=true`.\n\n")
            .append(settings).append("\n\n");
        PeerColumns peers = PeerColumns.read();
        if (!peers.isEmpty()) {
            md.append(peers.provenance()).append("\n\n");
        }
        md.append("| scenario |");
        for (String b : backends) {
            md.append(' ').append(b).append(" |");
        }
        if (!peers.isEmpty()) {
            PeerColumns.ORDER.forEach(system -> md.append(' ').append(PeerColumns.SYSTEMS.get(system)).append(" |"));
        }
        int columns = backends.size() + (peers.isEmpty() ? 0 : PeerColumns.ORDER.size());
        md.append("\n|---|");
        md.append("---|".repeat(columns)).append('\n');
        Set<String> scenarios = new LinkedHashSet<>(scenarioOrder);
        for (String scenario : scenarios) {
            md.append("| ").append(scenario).append(" |");
            for (String b : backends) {
                MatrixRow row = ROWS.stream().filter(r -> r.scenario().equals(scenario) && r.backend().equals(b)).findFirst().orElse(null);
                md.append(' ').append(row == null ? "not run" : "**" + row.outcome() + "**" + (row.figures().isEmpty() ? "" : "<br>" + row.figures()))
                    .append(" |");
            }
            if (!peers.isEmpty()) {
                PeerColumns.ORDER.forEach(system -> md.append(' ').append(peers.cell(scenario, system)).append(" |"));
            }
            md.append('\n');
        }
        List<String> extra = peers.extraScenarios(scenarioOrder);
        if (!extra.isEmpty()) {
            md.append("\nScenarios only the peers' run plays (bgtasks' own tests of them: a killed worker is scenario 3, a payload ")
                .append("that is not JSON is dead-lettered by the poison tests of each durable backend):\n\n| scenario |");
            PeerColumns.ORDER.forEach(system -> md.append(' ').append(PeerColumns.SYSTEMS.get(system)).append(" |"));
            md.append("\n|---|").append("---|".repeat(PeerColumns.ORDER.size())).append('\n');
            for (String title : extra) {
                md.append("| ").append(title).append(" |");
                PeerColumns.ORDER.forEach(system -> md.append(' ').append(peers.cell(title, system)).append(" |"));
                md.append('\n');
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/failure-matrix.md"), md);
        if (Boolean.getBoolean("bgtasks.matrix.write-docs")) {
            Files.writeString(Path.of("../docs/failure-matrix.md"), md);
        }
    }
}
