package io.concurrengine.build;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module graph points one way: tools → pipeline → journal → core, and bench may use them all.
 */
class ModuleDependenciesTest
{
    private static final Map<String, Set<String>> ALLOWED = Map.of(
        "core", Set.of(),
        "journal", Set.of("core"),
        "pipeline", Set.of("journal", "core"),
        "tools", Set.of("pipeline", "journal", "core"),
        "bench", Set.of("tools", "pipeline", "journal", "core"));

    @Test
    void shouldOnlyDependDownTheModuleChain() throws Exception
    {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.exists(root.resolve("pom.xml")), "project root not found from " + root);
        final List<String> violations = new ArrayList<>();
        for (final Map.Entry<String, Set<String>> module : ALLOWED.entrySet())
        {
            for (final String dependency : projectDependencies(root.resolve(module.getKey()).resolve("pom.xml")))
            {
                if (!module.getValue().contains(dependency))
                {
                    violations.add(module.getKey() + " -> " + dependency);
                }
            }
        }
        assertEquals(List.of(), violations, "module dependencies against the one-way chain");
    }

    @Test
    void shouldBuildExactlyTheDocumentedModules() throws Exception
    {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        final NodeList modules = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(root.resolve("pom.xml").toFile()).getElementsByTagName("module");
        final Set<String> names = new TreeSet<>();
        for (int i = 0; i < modules.getLength(); i++)
        {
            names.add(modules.item(i).getTextContent().trim());
        }
        assertEquals(new TreeSet<>(ALLOWED.keySet()), names);
    }

    private static Set<String> projectDependencies(final Path pom) throws Exception
    {
        final NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(pom.toFile()).getElementsByTagName("dependency");
        final Set<String> result = new TreeSet<>();
        for (int i = 0; i < dependencies.getLength(); i++)
        {
            final Element dependency = (Element)dependencies.item(i);
            final String groupId = dependency.getElementsByTagName("groupId").item(0).getTextContent().trim();
            final String artifactId = dependency.getElementsByTagName("artifactId").item(0).getTextContent().trim();
            if ("io.concurrengine".equals(groupId))
            {
                result.add(artifactId.replace("concurrengine-", ""));
            }
        }
        return result;
    }
}
