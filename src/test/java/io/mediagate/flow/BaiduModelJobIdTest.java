package io.mediagate.flow;

import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.baidu.BaiduVendor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The job id stands for one vendor request: the same image in two Baidu model folders is two different requests
 * (two models), so two jobs; were they one, one folder would get the other model's answer.
 */
class BaiduModelJobIdTest {

    @TempDir
    Path data;
    private LiveInstances instances;
    private Intake intake;

    @BeforeEach
    void intakeWithTwoModels() {
        instances = new LiveInstances(data.resolve("work"));
        Settings settings = Settings.of(Map.of(
                "mediagate.baidu.models.flowers.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/flowers",
                "mediagate.baidu.models.cars.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/cars"));
        VendorRegistry vendors = new VendorRegistry(List.of(new BaiduVendor(settings, "http://127.0.0.1:9", "key:secret")));
        intake = new Intake(new WorkArea(data.resolve("work"), instances), vendors, settings, new Progress());
    }

    @AfterEach
    void close() {
        instances.close();
    }

    private Job build(String relative, byte[] image) {
        Path file = TestMedia.write(data.resolve("claimed").resolve(relative), image);
        Job job = intake.build(file, relative, 1_700_000_000_000L);
        assertNull(job.getError(), () -> "built without error: " + job.getError());
        return job;
    }

    @Test
    void the_same_image_in_two_model_folders_is_two_jobs() {
        byte[] image = TestMedia.image("png", 40, 40);

        Job cars = build("baidu/image-classify/cars/photo.png", image);
        Job flowers = build("baidu/image-classify/flowers/photo.png", image);

        assertNotEquals(cars.getId(), flowers.getId(), "different models are different vendor requests");
    }

    @Test
    void the_same_image_in_one_model_folder_is_still_one_job_whatever_it_is_called() {
        byte[] image = TestMedia.image("png", 40, 40);

        assertEquals(build("baidu/image-classify/cars/a.png", image).getId(),
                build("baidu/image-classify/cars/sub/b.png", image).getId());
    }
}
