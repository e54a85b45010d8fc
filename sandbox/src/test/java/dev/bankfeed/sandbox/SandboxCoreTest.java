package dev.bankfeed.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adding a provider touches its own package and one registration line, never the sandbox core: the classes of
 * {@code dev.bankfeed.sandbox} (not its subpackages) neither use a provider package nor name a provider outside
 * comments, and provider packages do not use each other.
 */
class SandboxCoreTest {

    private static final String CORE = "dev.bankfeed.sandbox";
    private static final Path CORE_SOURCES = Path.of("src/main/java/dev/bankfeed/sandbox");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() throws URISyntaxException {
        // The sandbox's own output folder only, not its tests.
        Path mainClasses = Path.of(ProviderSandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(mainClasses);
    }

    private static List<String> providerPackages() {
        return SandboxModules.all().stream().map(m -> m.getClass().getPackageName()).toList();
    }

    @Test
    void everyModuleLivesInAPackageOfItsOwn() {
        assertThat(providerPackages()).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).startsWith(CORE + "."));
        assertThat(SandboxModules.ids()).containsExactly("atlar", "atoa", "finqware");
    }

    @Test
    void coreClassesDoNotUseAProviderPackage() {
        String[] providers = providerPackages().stream().map(p -> p + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(providers)
                .check(classes);
    }

    @Test
    void providerPackagesDoNotUseEachOther() {
        for (String own : providerPackages()) {
            String[] others = providerPackages().stream().filter(p -> !p.equals(own)).map(p -> p + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(own + "..").should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(classes);
        }
    }

    @Test
    void coreSourcesNameNoProviderOutsideComments() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORE_SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String code = withoutComments(Files.readString(f)).toLowerCase(Locale.ROOT);
                for (String id : SandboxModules.ids()) {
                    if (code.contains(id)) {
                        found.add(f.getFileName() + " names " + id);
                    }
                }
            }
        }
        assertThat(found).as("core sources naming a provider in code or strings").isEmpty();
    }

    @Test
    void withoutComments_keepsCodeAndStrings() {
        assertThat(withoutComments("int a; // atoa\n/* atlar */ String s = \"http://x/* y */\"; /** z */"))
                .isEqualTo("int a; \n String s = \"http://x/* y */\"; ");
    }

    /** Java source without its comments; string and char literals are kept whole. */
    static String withoutComments(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '/') {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? src.length() : end + 2;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < src.length() && src.charAt(j) != c) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(j + 1, src.length());
                out.append(src, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
