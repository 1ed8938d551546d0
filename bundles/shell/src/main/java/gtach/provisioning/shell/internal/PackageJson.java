package gtach.provisioning.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import gtach.provisioning.repository.ExportedPackage;
import gtach.provisioning.repository.ImportedPackage;
import gtach.provisioning.repository.PackageInfo;

import java.io.IOException;
import java.util.List;

/**
 * {@code list --json} and {@code search --json}: an array of packages; {@code info --json}: one
 * package with its exports and imports. The keys of a package are those of its {@code package.json}.
 */
final class PackageJson {

    private PackageJson() {
    }

    static String list(List<PackageInfo> packages) {
        return JsonText.of(json -> {
            json.writeStartArray();
            for (PackageInfo info : packages) {
                json.writeStartObject();
                summary(json, info);
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    static String info(PackageInfo info, PackageNeighbours neighbours) {
        return JsonText.of(json -> {
            json.writeStartObject();
            summary(json, info);
            json.writeArrayFieldStart("exports");
            for (ExportedPackage export : info.exports()) {
                json.writeStartObject();
                json.writeStringField("name", export.name());
                json.writeStringField("version", export.version().toString());
                ids(json, "alsoExportedBy", neighbours.alsoExporting(export));
                ids(json, "importedBy", neighbours.importing(export));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("imports");
            for (ImportedPackage imported : info.imports()) {
                json.writeStartObject();
                json.writeStringField("name", imported.name());
                json.writeStringField("range", imported.range().toString());
                json.writeBooleanField("optional", imported.optional());
                ids(json, "exportedBy", neighbours.providing(imported));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void summary(JsonGenerator json, PackageInfo info) throws IOException {
        json.writeStringField("symbolicName", info.id().symbolicName());
        json.writeStringField("version", PackageTable.version(info));
        json.writeStringField("osgiVersion", info.id().version().toString());
        JsonText.text(json, "name", info.name());
        JsonText.text(json, "description", info.description());
        json.writeNumberField("size", info.size());
        json.writeStringField("sha256", info.sha256());
        json.writeStringField("source", info.source());
        JsonText.time(json, "added", info.added());
    }

    private static void ids(JsonGenerator json, String field, List<PackageInfo> packages) throws IOException {
        json.writeArrayFieldStart(field);
        for (PackageInfo info : packages) {
            json.writeStartObject();
            json.writeStringField("symbolicName", info.id().symbolicName());
            json.writeStringField("version", PackageTable.version(info));
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
