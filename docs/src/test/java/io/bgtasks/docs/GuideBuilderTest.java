package io.bgtasks.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuideBuilderTest {

    @Test
    void snippetsComeFromTaggedSourceLines(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("A.java"), """
            class A {
                // tag::hello[]
                void hello() {
                    // tag::inner[]
                    System.out.println("hi");
                    // end::inner[]
                }
                // end::hello[]
            }
            """);
        Snippets snippets = new Snippets(root);
        assertEquals("void hello() {\n    System.out.println(\"hi\");\n}", snippets.extract("A.java", "hello"));
        assertEquals("System.out.println(\"hi\");", snippets.extract("A.java", "inner"));
        assertThrows(IllegalStateException.class, () -> snippets.extract("A.java", "missing"));
    }

    @Test
    void aStaleCopyFailsTheBuildAndAFreshOneRenders(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path docs = Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("B.java"), "// tag::x[]\nint x = 1;\n// end::x[]\n");
        Files.writeString(docs.resolve("README.md"), "# Guide\n\nSee [config](configuration.md).\n\n"
            + "<!-- snippet: B.java#x -->\n```java\nint x = 2;\n```\n");
        Files.writeString(docs.resolve("configuration.md"), "# Config\n");
        IllegalStateException stale = assertThrows(IllegalStateException.class,
            () -> GuideBuilder.build(docs, root, tmp.resolve("out")));
        assertTrue(stale.getMessage().contains("README.md: the code after snippet B.java#x differs"), stale.getMessage());

        Files.writeString(docs.resolve("README.md"), Files.readString(docs.resolve("README.md")).replace("int x = 2;", "int x = 1;"));
        GuideBuilder.build(docs, root, tmp.resolve("out"));
        String index = Files.readString(tmp.resolve("out/index.html"));
        assertTrue(index.contains("href=\"configuration.html\""), index);
        assertTrue(index.contains("int x = 1;"), index);
        assertTrue(Files.exists(tmp.resolve("out/configuration.html")));
    }

    @Test
    void imagesThePagesShowAreCopiedAndAMissingOneFailsTheBuild(@TempDir Path tmp) throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.createDirectories(docs.resolve("performance-data"));
        Files.writeString(docs.resolve("performance-data/chart.svg"), "<svg/>");
        Files.writeString(docs.resolve("performance.md"), "# Perf\n\n![the chart](performance-data/chart.svg)\n");
        GuideBuilder.build(docs, tmp, tmp.resolve("out"));
        assertEquals("<svg/>", Files.readString(tmp.resolve("out/performance-data/chart.svg")));
        assertTrue(Files.readString(tmp.resolve("out/performance.html")).contains("src=\"performance-data/chart.svg\""));

        Files.writeString(docs.resolve("performance.md"), "# Perf\n\n![gone](performance-data/gone.svg)\n");
        IllegalStateException missing = assertThrows(IllegalStateException.class,
            () -> GuideBuilder.build(docs, tmp, tmp.resolve("out2")));
        assertTrue(missing.getMessage().contains("performance.md: the image performance-data/gone.svg"), missing.getMessage());
    }
}
