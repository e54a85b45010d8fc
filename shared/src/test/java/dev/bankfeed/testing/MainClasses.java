package dev.bankfeed.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The main classes a layering test checks: those of one module's own output folder, without its class path. */
public final class MainClasses {

    private MainClasses() {
    }

    /** The main classes of the module (folder or jar) that {@code anyOfThem} was loaded from. */
    public static JavaClasses of(Class<?> anyOfThem) {
        try {
            // The test class path also holds the other modules, the sandbox and the test jar: only this one counts.
            Path location = Path.of(anyOfThem.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(location);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
