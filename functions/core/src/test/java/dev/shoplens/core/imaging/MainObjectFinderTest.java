package dev.shoplens.core.imaging;

import dev.shoplens.core.domain.Box;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MainObjectFinderTest {

    private static BufferedImage scene(int w, int h, int ox, int oy, int ow, int oh) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(225, 230, 240), w, h, new Color(190, 200, 215)));
        g.fillRect(0, 0, w, h);
        g.drawImage(TestImages.blocks(ow, oh, 5), ox, oy, null);
        g.dispose();
        return img;
    }

    @Test
    void findsAnObjectThatStandsOutFromTheBackground() {
        Optional<Box> box = MainObjectFinder.find(scene(400, 300, 180, 60, 160, 150));
        assertThat(box).isPresent();
        assertThat(box.get().left()).isCloseTo(180 / 400.0, within(0.06));
        assertThat(box.get().right()).isCloseTo(340 / 400.0, within(0.06));
        assertThat(box.get().top()).isCloseTo(60 / 300.0, within(0.06));
        assertThat(box.get().bottom()).isCloseTo(210 / 300.0, within(0.06));
    }

    @Test
    void findsNothingWhenThePhotoIsAllObjectOrAllBackground() {
        assertThat(MainObjectFinder.find(TestImages.blocks(200, 200, 9))).isEmpty();
        assertThat(MainObjectFinder.find(TestImages.solid(200, 150, Color.WHITE))).isEmpty();
    }
}
