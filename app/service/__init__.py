"""双报到 and volunteer service (志愿服务, 微心愿, 社区问题): recorded, summed and printed;
never ranked or scored."""
